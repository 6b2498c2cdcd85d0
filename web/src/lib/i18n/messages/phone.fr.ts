import type { PhoneMessages } from './phone.en';

export const phoneFr: PhoneMessages = {
};
