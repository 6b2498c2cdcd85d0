import type { ScreenMessages } from './screen.en';

export const screenAr: Partial<ScreenMessages> = {
};
