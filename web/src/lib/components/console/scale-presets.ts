import { t } from '$lib/i18n/i18n.svelte';

/** Ready-made points for a scale question; choosing one fills the option labels, which stay editable. */
export interface ScalePreset {
  id: string;
  /** What the moderator picks in the list. */
  name: string;
  labels: readonly string[];
}

const numbers = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, index) => String(from + index));

/** The presets in the page's language: the points a moderator fills in are written in the language they work in. */
export function scalePresets(): readonly ScalePreset[] {
  return [
    {
      id: 'agree-5',
      name: t('console.presetAgree'),
      labels: [
        t('console.presetAgree1'),
        t('console.presetAgree2'),
        t('console.presetAgree3'),
        t('console.presetAgree4'),
        t('console.presetAgree5'),
      ],
    },
    {
      id: 'important-5',
      name: t('console.presetImportant'),
      labels: [
        t('console.presetImportant1'),
        t('console.presetImportant2'),
        t('console.presetImportant3'),
        t('console.presetImportant4'),
        t('console.presetImportant5'),
      ],
    },
    { id: 'numbers-5', name: t('console.presetNumbers', { from: 1, to: 5 }), labels: numbers(1, 5) },
    { id: 'numbers-7', name: t('console.presetNumbers', { from: 1, to: 7 }), labels: numbers(1, 7) },
    // Eleven points would pass the ten-option limit: 1–10 is the widest scale a question can have.
    { id: 'numbers-10', name: t('console.presetNumbers', { from: 1, to: 10 }), labels: numbers(1, 10) },
  ];
}
