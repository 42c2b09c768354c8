// Architecture checks run by `pnpm test`: no import cycles, layers import downward only.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'kernel-imports-nothing-above',
      comment: 'kernel values (pid, ref, reasons, errors) import only each other',
      severity: 'error',
      from: { path: '^packages/actor/src/kernel/' },
      to: { path: '^packages/actor/src/(runtime|node|testing|dist)/' },
    },
    {
      name: 'runtime-below-node',
      severity: 'error',
      from: { path: '^packages/actor/src/runtime/' },
      to: { path: '^packages/actor/src/(node|testing)/' },
    },
    {
      name: 'core-below-behaviours',
      comment: 'kernel, runtime and node know nothing of GenServer, supervisors or pg',
      severity: 'error',
      from: { path: '^packages/actor/src/(kernel|runtime|node)/' },
      to: { path: '^packages/actor/src/(gen-server|supervisor|pg)/' },
    },
    {
      name: 'core-below-dist',
      comment: 'kernel, runtime and node never import the distribution layer: the runtime reaches it through the Distribution hook that createNode (distribution/create-node.ts) injects',
      severity: 'error',
      from: { path: '^packages/actor/src/(kernel|runtime|node)/' },
      to: { path: '^packages/actor/src/distribution/' },
    },
    {
      name: 'dist-below-behaviours',
      comment: 'the distribution layer knows nothing of GenServer, supervisors or pg',
      severity: 'error',
      from: { path: '^packages/actor/src/distribution/' },
      to: { path: '^packages/actor/src/(gen-server|supervisor|pg|testing)/' },
    },
    {
      name: 'gen-server-below-supervisor-and-pg',
      severity: 'error',
      from: { path: '^packages/actor/src/gen-server/' },
      to: { path: '^packages/actor/src/(supervisor|pg)/' },
    },
    {
      name: 'actor-has-no-network',
      comment: '@corral/actor imports neither ws nor node:http',
      severity: 'error',
      from: { path: '^packages/actor/src/' },
      to: { path: '^(ws|node:http|node:https|http|https)$', dependencyTypes: ['npm', 'core'] },
    },
    {
      name: 'packages-use-public-entries',
      comment: 'a package reaches another only through its public entry',
      severity: 'error',
      from: { path: '^packages/(websocket|redis|examples)/' },
      to: { path: '^packages/actor/src/(?!index\\.ts$|testing\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|packages/[^/]+/dist|\\.bench-build)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { conditionNames: ['source', 'import', 'default'], exportsFields: ['exports'] },
  },
};
