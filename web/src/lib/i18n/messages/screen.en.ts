import type { Message } from './en';

/** English messages of the screen pages (see en.ts). */
export const screenEn = {
} as const;

export type ScreenMessages = Record<keyof typeof screenEn, Message>;
