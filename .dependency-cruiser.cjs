/**
 * The architecture's import rules (docs/architecture.md), checked by `npm run deps` in CI.
 * Arrows point down: handlers and jobs → services → repositories → store; everything may use
 * src/domain, src/parser and src/messages, which use nothing with I/O.
 */
const io = ['^node_modules/(mongodb|koa|@koa|agenda|@agendajs|ws|@wecom)/', '^src/(db|repo|services|bot|wecom|simulate|cli)/', '^src/(app|server|scheduler|metrics|main)\\.ts$', '^(handlers|jobs|cards)/'];

module.exports = {
  forbidden: [
    {
      name: 'pure-core',
      comment: 'The domain, the parser and the message types are pure: no store, no transport, no bot, no handler, job or card.',
      severity: 'error',
      from: { path: '^src/(domain|parser|messages)/' },
      to: { path: io },
    },
    {
      name: 'cards-build-messages-only',
      comment: 'cards/ are pure message builders: they read records and domain types, never a repository or a transport.',
      severity: 'error',
      from: { path: '^cards/' },
      to: { path: io, pathNot: '^cards/' },
    },
    {
      name: 'transport-knows-no-app',
      comment: 'src/wecom/ carries messages; it knows no handler, job, card, service, repository or bot.',
      severity: 'error',
      from: { path: '^src/wecom/' },
      to: { path: '^(handlers|jobs|cards)/|^src/(bot|services|repo|simulate)/' },
    },
    {
      name: 'repositories-below-services',
      comment: 'Repositories store and return records; they call no bot, service, handler, job or card.',
      severity: 'error',
      from: { path: '^src/repo/' },
      to: { path: '^(handlers|jobs|cards)/|^src/(bot|services|wecom)/' },
    },
    {
      name: 'services-below-handlers',
      comment: 'Services are shared by handlers and jobs, so they import neither (nor the router).',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^(handlers|jobs)/|^src/bot/(bot|router|dispatcher)\\.ts$' },
    },
    {
      name: 'bot-receives-handlers',
      comment: 'The router is given its handlers by the wiring (src/app.ts); it imports none.',
      severity: 'error',
      from: { path: '^src/bot/' },
      to: { path: '^(handlers|jobs)/' },
    },
    {
      name: 'handlers-apart',
      comment: 'Handlers and jobs do not import each other, and a handler imports no other handler: only the registry collects them.',
      severity: 'error',
      from: { path: '^(handlers|jobs)/', pathNot: '^(handlers|jobs)/index\\.ts$' },
      to: { path: '^(handlers|jobs)/', pathNot: ['^jobs/context\\.ts$', '^jobs/\\$1'] },
    },
    {
      name: 'handlers-never-jobs',
      severity: 'error',
      from: { path: '^handlers/' },
      to: { path: '^jobs/' },
    },
    {
      name: 'jobs-never-handlers',
      severity: 'error',
      from: { path: '^jobs/' },
      to: { path: '^handlers/' },
    },
    {
      name: 'core-knows-no-web',
      comment: 'The 驾驶舱 (src/web) reads the core; the domain, repositories, cards, handlers and jobs never import it (links come from src/services/links.ts).',
      severity: 'error',
      from: { path: '^src/(domain|repo)/|^(cards|handlers|jobs)/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'web-beside-handlers',
      comment: 'The 驾驶舱 pages answer HTTP beside the bot: they share services, repositories and cards with handlers and jobs, never import them.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^(handlers|jobs)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|tests|bench)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
