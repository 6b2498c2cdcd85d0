/** Ready-made points for a scale question; choosing one fills the option labels, which stay editable. */
export interface ScalePreset {
  id: string;
  /** What the moderator picks in the list. */
  name: string;
  labels: readonly string[];
}

const numbers = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, index) => String(from + index));

export const SCALE_PRESETS: readonly ScalePreset[] = [
  {
    id: 'agree-5',
    name: '1–5: Strongly disagree … Strongly agree',
    labels: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  },
  {
    id: 'important-5',
    name: '1–5: Not at all important … Extremely important',
    labels: ['Not at all important', 'Slightly important', 'Moderately important', 'Very important', 'Extremely important'],
  },
  { id: 'numbers-5', name: '1–5 as numbers', labels: numbers(1, 5) },
  { id: 'numbers-7', name: '1–7 as numbers', labels: numbers(1, 7) },
  // Eleven points would pass the ten-option limit: 1–10 is the widest scale a question can have.
  { id: 'numbers-10', name: '1–10 as numbers', labels: numbers(1, 10) },
];
