import type { Messages } from './en';
import { phoneAr } from './phone.ar';
import { screenAr } from './screen.ar';

/** Arabic, read right to left (the page's `dir` follows the language). */
export const ar: Messages = {
  ...phoneAr,
  ...screenAr,
  'language.label': 'اللغة',
  'home.pageTitle': 'pnyx · تصويت مباشر للجلسات الميسَّرة',
  'home.titleMissing': 'أدخل عنوانًا للجلسة.',
  'home.deleted': 'حُذفت الجلسة «{title}» مع نتائجها وجدول أعمالها وملاحظاتها.',
  'home.heading': 'إنشاء جلسة',
  'home.intro': 'يصوّت الحضور من هواتفهم، وتتابع القاعة النتائج مباشرةً على جهاز العرض. لا حاجة إلى حسابات.',
  'home.titleLabel': 'عنوان الجلسة',
  'home.creating': 'جارٍ الإنشاء…',
  'home.create': 'إنشاء الجلسة',
  'home.haveCode': 'لديك رمز؟',
  'home.joinLink': 'الانضمام إلى جلسة',
  'home.joinCode': 'رمز الانضمام',
  'home.links': 'الروابط',
  'home.another': 'إنشاء جلسة أخرى',
  'qr.joinSession': 'رمز QR للانضمام إلى الجلسة {code}',
  'join.pageTitle': 'الانضمام إلى جلسة',
  'join.heading': 'الانضمام إلى جلسة',
  'join.codeInvalid': 'يتكون رمز الجلسة من {length} أحرف وأرقام، مثل ABC234. تحقق مما يعرضه جهاز العرض.',
  'join.codeLabel': 'رمز الجلسة',
  'join.codeHint': '{length} أحرف وأرقام، تظهر على جهاز العرض.',
  'join.where': 'أين أنت؟',
  'join.inRoom': 'أنا في القاعة',
  'join.online': 'أنا متصل عبر الإنترنت',
  'join.submit': 'انضمام',
  'join.createLink': 'إنشاء جلسة',
  'error.notFoundTitle': 'غير موجودة',
  'error.title': 'خطأ',
  'error.notFoundHeading': 'هذه الصفحة غير موجودة',
  'error.notFoundHint': 'إذا كتبت رمز جلسة في العنوان فتحقق منه: تتكون الرموز من 6 أحرف وأرقام.',
  'error.heading': 'حدث خطأ ما',
};
