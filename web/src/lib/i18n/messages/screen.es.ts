import type { ScreenMessages } from './screen.en';

export const screenEs: ScreenMessages = {
};
