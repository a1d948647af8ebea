/**
 * 13. Select Model end to end: provider (the current one marked) → server (a URL) → key (none
 * for this server; Back returns to the URL step with the URL kept) → the model, from the list the
 * server gives at /v1/models → a new task runs on that model, at that server.
 */
import { openSession, type Scenario } from '../lib/harness';
import { completeTurn, MODEL_NAME } from '../lib/model';
import { expectToast, quickInputBack, quickPickRow, submitInput, until } from '../lib/ui';
import { check } from './assert';

const OTHER_MODEL = 'scripted-e2e-large';
const ROOT = 'Say which model runs';

export const selectModelScenario: Scenario = {
  id: '13-select-model',
  title: 'Select Model: provider → server URL → key → a model from /v1/models → a new task runs on it',
  timeoutMs: 3 * 60_000,
  async run(ctx) {
    const s = await openSession(ctx, {
      moreModels: [OTHER_MODEL],
      route: () => completeTurn('Answering from the chosen model.', 'MODEL-ANSWERED'),
    });
    const quick = s.page.locator('.quick-input-widget');

    await s.run('Baton: Select Model…');
    const current = quickPickRow(s.page, 'OpenAI-compatible server…');
    await current.waitFor({ timeout: 10_000 });
    check(((await current.textContent()) ?? '').includes(`current: ${MODEL_NAME}`), `the current provider is not marked: ${await current.textContent()}`);
    await s.shots.take('select-provider');
    await current.click();

    await quickPickRow(s.page, 'Another server…').waitFor({ timeout: 10_000 });
    check((await quickPickRow(s.page, 'Ollama').count()) > 0 && (await quickPickRow(s.page, 'OpenRouter').count()) > 0, 'the server presets are missing');
    await quickPickRow(s.page, 'Another server…').click();
    await submitInput(s.page, /base URL/, s.model.baseUrl);

    const noKey = quickPickRow(s.page, 'No key');
    await noKey.waitFor({ timeout: 10_000 });
    const said = (await quick.locator('input').getAttribute('placeholder')) ?? '';
    check(said.includes('No key is stored for http://127.0.0.1'), `the key step does not say whether a key is stored: "${said}"`);
    await s.shots.take('select-key');
    // Back: the URL step again, with what was typed in its box; Enter goes on to the key again.
    await quickInputBack(s.page);
    const urlBox = quick.filter({ hasText: /base URL/ }).locator('input');
    await urlBox.waitFor({ timeout: 10_000 });
    check((await urlBox.inputValue()) === s.model.baseUrl, `Back lost the URL typed: "${await urlBox.inputValue()}"`);
    check(((await quick.locator('.quick-input-title').textContent()) ?? '').includes('(2/4)'), 'the URL step is not numbered 2 of 4');
    await s.shots.take('select-back-to-url');
    await urlBox.press('Enter');
    await noKey.waitFor({ timeout: 10_000 });
    ctx.log('Back returned to the URL step with the URL kept');
    await noKey.click();

    const listed = quickPickRow(s.page, OTHER_MODEL);
    await listed.waitFor({ timeout: 15_000 });
    check((await quickPickRow(s.page, MODEL_NAME).count()) > 0, 'the server’s models are not all listed');
    await s.shots.take('select-model-from-server');
    await listed.click();
    await quick.waitFor({ state: 'hidden', timeout: 10_000 });
    // Written to the user settings, then said.
    await expectToast(s.page, `new tasks use ${OTHER_MODEL}`);
    ctx.log(`picked ${OTHER_MODEL} from the server’s /v1/models`);

    await s.sidebar.newTask(ROOT);
    await s.panel(ROOT).expectStatus('Completed');
    const task = s.store.mustGet(ROOT);
    check(task.modelRoute?.model === OTHER_MODEL && task.modelRoute.baseUrl === s.model.baseUrl, `the task runs on ${JSON.stringify(task.modelRoute)}`);
    await until('the server to be asked for the chosen model', () => (s.model.server.chatRequests().some((r) => r.body?.model === OTHER_MODEL) ? true : undefined));
    ctx.log('a new task ran on the chosen model at the chosen server');
  },
};
