import { expect, test } from './fixtures';
import { SAMPLE_DOCUMENTS } from './sample';

test('loads a JSON Lines file and appends its documents', async ({ app }) => {
  const lines = [
    JSON.stringify({ text: 'Cycling to work strengthens the heart.', id: 'cycling' }),
    JSON.stringify('Heart rate monitors help pace endurance exercise.'),
    JSON.stringify({ text: 'Rowing is a full-body workout.', metadata: { source: 'file' } }),
  ];
  await app.loadFile('extra.jsonl', `${lines.join('\n')}\n`, 'application/x-ndjson');

  await expect(app.fileStatus).toHaveText('Added 3 documents from extra.jsonl');
  await app.expectDocuments([
    ...SAMPLE_DOCUMENTS,
    'Cycling to work strengthens the heart.',
    'Heart rate monitors help pace endurance exercise.',
    'Rowing is a full-body workout.',
  ]);

  // The loaded documents take part in the next run, with their ids.
  await app.run();
  await app.column(1).expectRanking([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const cycling = app.column(1).items.nth(8);
  await expect(cycling).toHaveAccessibleName('Rank 9: document 8');
  await expect(cycling).toContainText('Cycling to work strengthens the heart.');
  await expect(cycling).toContainText('id cycling');
});

test('a malformed JSON Lines file is refused with the line at fault', async ({ app }) => {
  const contents = [
    JSON.stringify({ text: 'A fine first line.' }),
    '{"text": "a broken second line"',
    JSON.stringify({ text: 'A fine third line.' }),
  ].join('\n');
  await app.loadFile('broken.jsonl', contents);

  await expect(app.fileError).toContainText('broken.jsonl: line 2: not valid JSON');
  // Nothing was added.
  await app.expectDocuments(SAMPLE_DOCUMENTS);

  // A good file afterwards, through the Load file button's picker, replaces the message.
  await app.loadFileWithPicker('good.jsonl', JSON.stringify({ text: 'A fine line.' }));
  await expect(app.fileStatus).toHaveText('Added 1 document from good.jsonl');
  await expect(app.fileError).toBeHidden();
  await app.expectDocuments([...SAMPLE_DOCUMENTS, 'A fine line.']);
});
