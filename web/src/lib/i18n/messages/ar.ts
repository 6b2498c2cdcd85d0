import type { Messages } from './en';
import { phoneAr } from './phone.ar';
import { screenAr } from './screen.ar';

/** Arabic is checked for right-to-left layout; messages not translated yet fall back to English. */
export const ar: Partial<Messages> = {
  ...phoneAr,
  ...screenAr,
  'language.label': 'اللغة',
  'home.heading': 'إنشاء جلسة',
  'join.heading': 'الانضمام إلى جلسة',
  'join.codeLabel': 'رمز الجلسة',
  'join.where': 'أين أنت؟',
  'join.inRoom': 'أنا في القاعة',
  'join.online': 'أنا متصل عبر الإنترنت',
  'join.submit': 'انضمام',
};
