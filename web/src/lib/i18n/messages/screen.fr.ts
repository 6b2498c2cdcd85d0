import type { ScreenMessages } from './screen.en';

export const screenFr: ScreenMessages = {
};
