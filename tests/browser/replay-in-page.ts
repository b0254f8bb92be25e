/**
 * Replays stored events with rrweb's own Replayer (the npm `rrweb` package, as the report site's player
 * does) in a blank Chromium page, seeks to the end and answers questions about the rebuilt document, once
 * the replayer has built it (it waits for the recorded page's stylesheets first).
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { RecordedEvent } from "../../shared/batch.ts";
import { REPO_ROOT } from "./sdk-page.ts";

/**
 * Replays `events` to their last timestamp in `page` (which it takes over) and returns what `inspect`
 * (a function body run with `doc`, the replayed document) returns.
 */
export async function replayToEnd<TResult>(
  page: Page,
  events: RecordedEvent[],
  inspect: string,
): Promise<TResult> {
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ path: join(REPO_ROOT, "node_modules", "rrweb", "dist", "rrweb.umd.min.cjs") });
  return await page.evaluate(
    `(async () => {
      const events = ${JSON.stringify(events)};
      const replayer = new rrweb.Replayer(events, { root: document.getElementById("root"), showWarning: false });
      // Events at exactly the offset paused at are left to the (stopped) timer: go 1 ms past the last.
      replayer.pause(events[events.length - 1].timestamp - events[0].timestamp + 1);
      // The replayer builds the snapshot once the page's stylesheets have loaded, then applies the rest:
      // wait until the rebuilt body has stopped growing.
      const size = () => replayer.iframe.contentDocument?.body?.getElementsByTagName("*").length ?? -1;
      for (let last = -2, same = 0; same < 3; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const now = size();
        same = now === last && now >= 0 ? same + 1 : 0;
        last = now;
      }
      const doc = replayer.iframe.contentDocument;
      return ((doc) => { ${inspect} })(doc);
    })()`,
  ) as TResult;
}
