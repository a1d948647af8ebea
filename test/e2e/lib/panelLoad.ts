/**
 * Watches task panels load (after a Reload Window): every ~50 ms it looks into each webview
 * frame and notes what a user would see there, so a scenario can check that a panel never showed
 * "Loading the transcript…" and that its first look already held its transcript.
 */
import type { Page } from 'playwright-core';

export interface PanelLook {
  readonly at: number;
  readonly heading: string;
  /** The panel said "Loading the transcript…" (the blank wait the restore is there to avoid). */
  readonly loadingTranscript: boolean;
  /** How many transcript rows (cards, answers, notices) could be seen. */
  readonly visibleRows: number;
}

export function watchPanelLoads(page: Page): { stop(): Promise<PanelLook[]> } {
  const looks: PanelLook[] = [];
  const started = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame.isDetached()) continue;
        const look = await frame
          .evaluate(() => {
            const heading = document.querySelector('main.panel h1.task-heading')?.textContent ?? null;
            if (heading === null) return null;
            const rows = [...document.querySelectorAll('main.panel [data-item-index] > *')].filter((el) => (el as HTMLElement).checkVisibility({ visibilityProperty: true }));
            return { heading, loadingTranscript: /Loading the transcript/.test(document.body.textContent ?? ''), visibleRows: rows.length };
          })
          .catch(() => null);
        if (look) looks.push({ at: Date.now() - started, ...look });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return looks;
    },
  };
}
