import type { consoleEn } from './console.en';
import { phoneEn } from './phone.en';
import { screenEn } from './screen.en';

/**
 * English, the source of every message: the other languages translate these keys (the type below makes
 * French, Spanish, German and Arabic complete). `{name}` is filled in by `t`; a
 * message with `one`/`other` forms is chosen by the count (`{count}`), as each language's plural rules say.
 * The phone's and the projector's messages live in their own files (`<area>.<language>.ts`), spread in here;
 * what several pages share is below. The console's (`console.<language>.ts`) load only on the pages that
 * need them (`i18n.withConsole()`), so a phone never downloads them.
 */
export const en = {
  ...phoneEn,
  ...screenEn,
  'language.label': 'Language',
  'home.pageTitle': 'pnyx · live votes for facilitated sessions',
  'home.titleMissing': 'Give the session a title.',
  'home.deleted': 'The session “{title}” was deleted, with its results, agenda and notes.',
  'home.heading': 'Create a session',
  'home.intro': 'Attendees vote from their phones; the room sees the results live on the projector. No accounts needed.',
  'home.titleLabel': 'Session title',
  'home.creating': 'Creating…',
  'home.create': 'Create session',
  'home.haveCode': 'Have a code?',
  'home.joinLink': 'Join a session',
  'home.joinCode': 'Join code',
  'home.links': 'Links',
  'home.another': 'Create another session',
  'qr.joinSession': 'QR code to join session {code}',
  'join.pageTitle': 'Join a session',
  'join.heading': 'Join a session',
  'join.codeInvalid': 'A session code has {length} letters and digits, like ABC234. Check what the projector shows.',
  'join.codeLabel': 'Session code',
  'join.codeHint': '{length} letters and digits, shown on the projector.',
  'join.where': 'Where are you?',
  'join.inRoom': 'I am in the room',
  'join.online': 'I am online',
  'join.submit': 'Join',
  'join.createLink': 'Create a session',
  'error.notFoundTitle': 'Not found',
  'error.title': 'Error',
  'error.notFoundHeading': 'This page does not exist',
  'error.notFoundHint': 'If you typed a session code into the address, check it: codes have 6 letters and digits.',
  'error.heading': 'Something went wrong',
} as const;

export type CoreKey = keyof typeof en;
export type MessageKey = CoreKey | keyof typeof consoleEn;
export type Message = string | { one: string; other: string; zero?: string; two?: string; few?: string; many?: string };
/** A language's messages besides the console's: complete in every language. */
export type Messages = Record<CoreKey, Message>;
