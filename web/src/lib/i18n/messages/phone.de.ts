import type { PhoneMessages } from './phone.en';

export const phoneDe: PhoneMessages = {
};
