import type { PhoneMessages } from './phone.en';

export const phoneEs: PhoneMessages = {
};
