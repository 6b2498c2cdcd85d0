import type { ConsoleMessages } from './console.en';

export const consoleEs: ConsoleMessages = {
};
