/**
 * What the app opens with: a small, realistic candidate set in retrieval order, where BM25
 * visibly reorders the list (the most relevant passages are not first).
 */
export const SAMPLE_QUERY = 'How does regular exercise improve heart health?';

export const SAMPLE_DOCUMENTS: string[] = [
  'Stretching before a workout may reduce muscle soreness, although studies disagree on how much.',
  'A balanced diet rich in vegetables, whole grains and lean protein supports overall health.',
  'Regular aerobic exercise strengthens the heart muscle, lowers resting heart rate and improves how efficiently the heart pumps blood.',
  'Marathon training plans usually increase weekly mileage by no more than ten percent.',
  'People who exercise regularly have lower blood pressure and healthier cholesterol levels, two major factors in heart disease.',
  'Sleep quality affects mood, memory and concentration the following day.',
  'Exercise improves heart health by helping blood vessels stay flexible and by reducing inflammation.',
  'Swimming is a low-impact sport that works the whole body.',
];
