import type { ConsoleMessages } from './console.en';

export const consoleFr: ConsoleMessages = {
};
