import type { ConsoleMessages } from './console.en';

export const consoleDe: ConsoleMessages = {
};
