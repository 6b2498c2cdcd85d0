import type { PhoneMessages } from './phone.en';

export const phoneAr: Partial<PhoneMessages> = {
};
