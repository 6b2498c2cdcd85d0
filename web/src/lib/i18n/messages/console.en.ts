import type { Message } from './en';

/** English messages of the console pages (see en.ts). */
export const consoleEn = {
} as const;

export type ConsoleMessages = Record<keyof typeof consoleEn, Message>;
