/**
 * Local ONNX rerankers in the UI: a column switched to Local model ranks the sample with the
 * installed model exactly as that model scores it (logits, shown through their sigmoid); its
 * numbers are refused at the input outside the host's ranges; the Models panel lists what is
 * installed, imports a folder, deletes it, and downloads from a loopback Hub with progress and
 * cancel. Models are tiny cross-encoders written by the project's generator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { int8Verdict } from '../shared/models/int8-kernel';
import { cpuFeatures } from '../electron/platform/cpu-features';
import { writeTinyCrossEncoder } from '../testkit/models/tiny-cross-encoder';
import { expect, test } from './fixtures';
import {
  installLongRunModel,
  installQuantizedPair,
  installTinyModels,
  rankWithModel,
} from './support/models';
import { startModelHub } from './support/scripts';
import { SAMPLE_DOCUMENTS, SAMPLE_QUERY } from './sample';
import { LONG_RUN_MODEL, longRunDocuments } from '../testkit/fixtures/long-run';

const TINY = 'tests/tiny';

// The folder the host may read under, as its user would allow with `--allow-folder`: a page
// names paths only there (electron/platform/path-grants.ts).
const allowed = mkdtempSync(path.join(tmpdir(), 'rerank-studio-e2e-allowed-'));
test.use({ hostEnv: { RERANK_STUDIO_ALLOW_FOLDERS: allowed } });
test.afterAll(() => rmSync(allowed, { recursive: true, force: true }));

let scratch: string;
test.beforeEach(() => {
  scratch = mkdtempSync(path.join(allowed, 'models-'));
});
test.afterEach(() => rmSync(scratch, { recursive: true, force: true }));

test.describe('with a model installed', () => {
  // A fixture, because the option is a function.
  // eslint-disable-next-line no-empty-pattern
  test.use({ prepareDataDir: async ({}, use) => use(installTinyModels({ [TINY]: 7 })) });

  test('a Local model column ranks the sample as the model scores it, with logits', async ({
    app,
    page,
  }) => {
    const column = app.column(2);
    await column.choosePipeline('Local model');
    await expect(column.pipeline).toHaveValue('local-model');
    await expect(column.model).toHaveValue(TINY);
    await expect(column.region).toHaveAccessibleName(`Column 2: ${TINY}`);
    await expect(column.variant).toHaveValue('fp32');
    await expect(column.variant.getByRole('option')).toHaveText(['fp32']);
    await expect(column.maxLength).toHaveValue('512');
    await expect(column.batchSize).toHaveValue('8');
    // Four threads at most, and no more than the machine has cores.
    const cores = await page.evaluate<number>('navigator.hardwareConcurrency');
    await expect(column.threads).toHaveValue(String(Math.min(4, cores)));
    await expect(column.k1).toBeHidden();
    await expect(column.provider).toBeHidden();
    // Catalog models are listed, but only once installed can they be chosen.
    const notInstalled = column.model.locator('optgroup[label="Not installed"] > option');
    await expect(notInstalled.first()).toHaveText(/\(not installed\)$/);
    await expect(notInstalled.first()).toBeDisabled();

    const expected = await rankWithModel(
      writeTinyCrossEncoder(path.join(scratch, 'tests', 'tiny'), { seed: 7 }),
      SAMPLE_QUERY,
      SAMPLE_DOCUMENTS,
    );
    // The model ranks differently from the input order, so the check below means something.
    expect(expected.order).not.toEqual(SAMPLE_DOCUMENTS.map((_, i) => i));

    await app.run();
    await column.expectRanking(expected.order);
    const raw = await column.rawScores();
    const shown = await column.scores();
    expected.logits.forEach((logit, i) => expect(raw[i]).toBeCloseTo(logit, 5));
    expected.scores.forEach((score, i) => expect(shown[i]).toBeCloseTo(score, 3));
    await expect(column.details.getByRole('listitem').first()).toHaveText('logits');
    await expect(column.details.getByRole('listitem').first()).toHaveAttribute(
      'title',
      'Raw logits; the score shown is their sigmoid',
    );
  });

  test('numbers outside the host ranges are refused at the input; the run keeps going', async ({
    app,
    page,
  }) => {
    const column = app.column(2);
    await column.choosePipeline('Local model');
    const threads = Math.min(4, await page.evaluate<number>('navigator.hardwareConcurrency'));
    await column.maxLength.fill('9000');
    const alert = column.region.getByRole('alert');
    await expect(alert).toHaveText(
      'max length must be a whole number from 16 to 8192; the run uses 512',
    );
    await expect(column.maxLength).toHaveAttribute('aria-invalid', 'true');
    await expect(column.maxLength).toHaveAccessibleDescription(/^max length must be/);
    await column.threads.fill('0');
    await expect(column.region.getByRole('alert').nth(1)).toHaveText(
      `threads must be a whole number from 1 to 64; the run uses ${threads}`,
    );
    // What was typed stays, and the config keeps the last valid values.
    await expect(column.maxLength).toHaveValue('9000');
    expect(await column.readConfig()).toMatchObject({
      params: { maxLength: 512, threads },
    });

    await column.maxLength.fill('16');
    await column.threads.fill('2');
    await expect(column.region.getByRole('alert')).toHaveCount(0);
    expect(await column.readConfig()).toMatchObject({ params: { maxLength: 16, threads: 2 } });
    await app.run();
    await expect(column.items).toHaveCount(SAMPLE_DOCUMENTS.length);
    // Pairs longer than 16 tokens were cut, and the column says which.
    await expect(
      column.region.getByText(/^document \d+ was cut to 16 tokens \(\d+ not read\)$/).first(),
    ).toBeVisible();
  });

  test('the Models panel lists the model, imports a folder, and deletes it', async ({ app }) => {
    const { models } = app;
    await models.open();
    await expect.poll(() => models.installedIds()).toEqual([TINY]);
    const tiny = models.installedRow(TINY);
    await expect(tiny.facts).toHaveText(['fp32', /^\d+(\.\d)? kB$/, 'max length 512']);

    const folder = writeTinyCrossEncoder(path.join(scratch, 'my-reranker'), { seed: 11 });
    await models.importFolder(folder, 'e2e/imported');
    await expect(models.importStatus).toHaveText('Imported e2e/imported.');
    await expect(models.importPath).toHaveValue('');
    await expect.poll(() => models.installedIds()).toEqual(['e2e/imported', TINY]);

    // The host's refusals, word for word.
    await models.importFolder(folder, 'e2e/imported');
    await expect(models.importError).toHaveText(
      'a model "e2e/imported" is already installed; delete it or choose another id',
    );
    // Missing, or outside what the host may read: one answer, which tells nothing of the disk.
    await models.importFolder(path.join(folder, 'nowhere'));
    await expect(models.importError).toHaveText(
      `${path.join(folder, 'nowhere')} is not available: it does not exist, or it was not chosen in Rerank Studio; choose it with Choose… (desktop app), or start the web host with --allow-folder`,
    );
    await expect(models.importPath).toHaveAccessibleDescription(/--allow-folder$/);
    await models.importFolder(tmpdir());
    await expect(models.importError).toHaveText(new RegExp(`^${tmpdir()} is not available: `));
    await models.close();

    // The imported model ranks a column as it scores the sample.
    const column = app.column(2);
    await column.choosePipeline('Local model');
    await column.model.selectOption('e2e/imported');
    await expect(column.region).toHaveAccessibleName('Column 2: e2e/imported');
    await app.run();
    const expected = await rankWithModel(
      writeTinyCrossEncoder(path.join(scratch, 'e2e', 'imported'), { seed: 11 }),
      SAMPLE_QUERY,
      SAMPLE_DOCUMENTS,
    );
    await column.expectRanking(expected.order);

    await models.open();
    await models.installedRow('e2e/imported').deleteButton.click();
    await expect.poll(() => models.installedIds()).toEqual([TINY]);
    await models.close();
    await expect(column.modelNote).toHaveText(
      /e2e\/imported is not installed: download it or import its folder in Models\./,
    );
    await app.run();
    await expect(column.error).toHaveText(
      'model "e2e/imported" is not installed: download it or import its folder in Models',
    );
  });

  test('downloads a catalog model from a Hub mirror, with progress and cancel', async ({ app }) => {
    const repo = writeTinyCrossEncoder(path.join(scratch, 'repo'), { seed: 5 });
    // ~1.6 kB/s: slow enough to watch and cancel.
    const hub = await startModelHub({ repo, bytesPerTick: 32 });
    try {
      const { models } = app;
      await models.open();
      await models.hubUrl.fill('ftp://mirror');
      await expect(models.hubUrlError).toHaveText(
        'Hub URL must be a full http:// or https:// URL; downloads use the default Hub',
      );
      await models.hubUrl.fill(hub.url);
      await expect(models.hubUrlError).toHaveCount(0);

      const row = models.catalogRow('ms-marco TinyBERT-L-2');
      await expect(row.facts).toHaveText([
        '~18 MB',
        '4.4M parameters',
        'Apache-2.0',
        'English',
        'max length 512',
      ]);
      await row.downloadButton.click();
      await expect(row.progress).toBeVisible();
      await expect(row.status).toHaveText(
        /^Downloading \S+ · \d+% · \d+\.\d of \d+\.\d kB( · (about \d+ (s|min|h)|a few seconds) left)?$/,
      );
      await expect(row.progress).toHaveAttribute('value', /^\d+$/);
      // The time left, once the host has a rate, in short and in words.
      await expect(row.timeLeft).toHaveText(/^(about \d+ (s|min|h)|a few seconds) left$/);
      await expect(row.timeLeft).toHaveAccessibleName(
        /^(About \d+ (seconds?|minutes?|hours?)|A few seconds) left for the download of /,
      );
      // Cancel part-way through a file, so the next attempt has something to resume.
      await expect.poll(() => hub.partWay()).toBe(true);
      await row.cancelButton.click();
      await expect(row.status).toHaveText('Download cancelled');
      await expect(row.progress).toBeHidden();
      await expect(row.downloadButton).toBeVisible();

      hub.setBytesPerTick(undefined);
      await row.downloadButton.click();
      // Sorted as the host lists them (localeCompare: case comes second).
      await expect
        .poll(() => models.installedIds())
        .toEqual([TINY, 'Xenova/ms-marco-TinyBERT-L-2-v2']);
      await expect(row.installed).toHaveText('Installed (fp32)');
      await expect(row.status).toHaveCount(0);
      // It resumed what the cancelled attempt had fetched.
      expect(hub.requests.some((r) => r.range !== undefined)).toBe(true);
      await models.close();

      const column = app.column(2);
      await column.choosePipeline('Local model');
      await column.model.selectOption('Xenova/ms-marco-TinyBERT-L-2-v2');
      await app.run();
      const expected = await rankWithModel(repo, SAMPLE_QUERY, SAMPLE_DOCUMENTS);
      await column.expectRanking(expected.order);
    } finally {
      await hub.close();
    }
  });
});

/** The little of the DOM the progress snapshot reads (the e2e programs have no DOM types). */
interface Region {
  querySelector(
    selector: string,
  ): { textContent: string | null; getAttribute(name: string): string | null } | null;
}

test.describe('with a TinyBERT-shaped model', () => {
  // eslint-disable-next-line no-empty-pattern
  test.use({ prepareDataDir: async ({}, use) => use(installLongRunModel) });

  test('a long Local model column shows its progress and time left while it runs', async ({
    app,
  }) => {
    // 1,000 documents, 8 to a batch: seconds of work on any machine, so the wait is seen.
    await app.pasteDocuments(longRunDocuments(1000), 'replace');
    const column = app.column(2);
    await column.choosePipeline('Local model');
    await column.model.selectOption(LONG_RUN_MODEL);
    await app.runButton.click();
    // One snapshot of the timer and the bar taken in the page the first frame both show: how
    // long they stay depends on the machine's speed, so separate checks could miss them.
    // Found by their labels in the whole document each frame: the column's element may be
    // drawn anew while it runs, and a handle to the old one would never see them.
    const snapshot = await app.page.waitForFunction(() => {
      const { document } = globalThis as unknown as { document: Region };
      const timer = document.querySelector('[role="timer"][aria-label$=" left for Column 2"]');
      const bar = document.querySelector('progress[aria-label="Column 2 progress"]');
      return timer && bar
        ? {
            text: timer.textContent,
            name: timer.getAttribute('aria-label'),
            value: bar.getAttribute('value'),
          }
        : undefined;
    });
    const seen = (await snapshot.jsonValue()) as { text: string; name: string; value: string };
    expect(seen.text).toMatch(/^(about \d+ (s|min|h)|a few seconds) left$/);
    expect(seen.name).toMatch(
      /^(About \d+ (seconds?|minutes?|hours?)|A few seconds) left for Column 2$/,
    );
    expect(seen.value).toMatch(/^\d+$/);
    // Gone once the column has its result.
    await expect(app.runButton).toBeEnabled({ timeout: 60_000 });
    await expect(column.timeLeft).toHaveCount(0);
    await expect(column.progress).toHaveCount(0);
  });
});

test('without a model, a Local model column says to open Models', async ({ app }) => {
  const column = app.column(2);
  await column.choosePipeline('Local model');
  await expect(column.region).toHaveAccessibleName('Column 2: Local model');
  await expect(column.modelNote).toContainText(
    'No model installed — open Models to download one or import a folder.',
  );
  await expect(column.model).toHaveValue('');
  await app.run();
  await expect(column.error).toHaveText(/^a local model column needs a model/);
  await column.openModelsButton.click();
  await expect(app.models.dialog).toBeVisible();
  await expect(app.models.dialog.getByText('No model installed yet')).toBeVisible();
});

test.describe('q8 files on this CPU', () => {
  // Two q8 files of one BERT: full-range int8 weights, and 7-bit ones (reduce_range, as the
  // catalog's converter writes them).
  // eslint-disable-next-line no-empty-pattern
  test.use({ prepareDataDir: async ({}, use) => use(installQuantizedPair) });

  test('a q8 column says so only where its weights meet this CPU’s int8 saturation', async ({
    app,
  }) => {
    // The verdict is checked against ONNX Runtime's own answer in cpu-features.test.ts.
    const { kernel, reason } = int8Verdict(cpuFeatures());
    const column = app.column(2);
    await column.choosePipeline('Local model');
    const note = column.region.getByRole('note', { name: /^Variant note for / });

    await column.model.selectOption('tests/full-int8');
    await column.variant.selectOption('q8');
    if (kernel === 'saturates') {
      await expect(column.variant.getByRole('option', { name: /^q8/ })).toHaveText(
        'q8 (less accurate on this CPU)',
      );
      await expect(note).toHaveText(new RegExp(`: ${escape(reason)}\\.$`));
    } else {
      await expect(note).toBeHidden();
    }

    await column.model.selectOption('tests/seven-bit');
    await column.variant.selectOption('q8');
    await expect(column.variant.getByRole('option', { name: /^q8/ })).toHaveText('q8');
    await expect(note).toBeHidden();

    // The catalog's q8 files are 7-bit: never flagged, whatever the CPU.
    const { models } = app;
    await models.open();
    const row = models.catalogRow('ms-marco MiniLM-L-6');
    await expect(row.variant.getByRole('option', { name: /^q8/ })).toHaveText(
      'q8 (int8, about a quarter the size)',
    );
    await models.close();
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
