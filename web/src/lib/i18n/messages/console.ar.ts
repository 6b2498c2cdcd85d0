import type { ConsoleMessages } from './console.en';

export const consoleAr: Partial<ConsoleMessages> = {
};
