import type { ScreenMessages } from './screen.en';

export const screenDe: ScreenMessages = {
};
