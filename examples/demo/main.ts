/**
 * The field-dependency demo: a pin page API hydrating pins from four upstreams (real HTTP servers on
 * 127.0.0.1) goes through an incident — shopping fails, comments hang, images (critical) fail — and
 * recovers. Run it with `npm run demo`.
 */
import { Registry } from 'prom-client';
import { configure, shutdownFieldDependencies } from 'field-dependency';
import { createBatchBoards, PinFields } from './fields.js';
import { PINS_PER_PAGE, PIN_ENDPOINT } from './pinPage.js';
import { runScenario } from './scenario.js';
import { closeUpstreams, startUpstreams } from './upstreams.js';

const registry = new Registry();
configure({ registry });

const upstreams = await startUpstreams();
try {
  console.log(`field-dependency demo: each page GET ${PIN_ENDPOINT} hydrates ${PINS_PER_PAGE} pins from 4 upstreams`);
  console.log('  shopping       Map     owner shopping  breaker opens early (volumeThreshold 4)');
  console.log('  commentCounts  [null]  owner comments  timeoutMs 150');
  console.log('  images         Array   owner images    critical');
  console.log('  boards         [null]  owner boards    DataLoader batch function');
  await runScenario({ fields: new PinFields(upstreams), batchBoards: createBatchBoards(upstreams.boards), upstreams, registry });
  console.log('\ndone: every breaker stopped, every upstream closed');
} finally {
  shutdownFieldDependencies();
  await closeUpstreams(upstreams);
}
