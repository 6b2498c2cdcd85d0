import type { Message } from './en';

/** English messages of the phone pages (see en.ts). */
export const phoneEn = {
} as const;

export type PhoneMessages = Record<keyof typeof phoneEn, Message>;
