import { i18n, t } from './i18n.svelte';
import type { MessageKey } from './messages/en';
import { phoneEn } from './messages/phone.en';

/**
 * A refusal as a person reads it, in the page's language. The server writes its messages in English, often
 * with details (which limit, which option); English keeps them. Other languages say what the code means,
 * and fall back to the server's words for a code they do not know.
 */
export function errorText(error: { code: string; message: string }): string {
  if (i18n.locale === 'en') return error.message;
  const key = `errors.${error.code}`;
  return isErrorKey(key) ? t(key) : error.message;
}

function isErrorKey(key: string): key is MessageKey {
  return Object.hasOwn(phoneEn, key);
}
