// 项目调度助手 (xmdd) under pm2, the same as deploy/xmdd.service.
//
//   npm ci && npm run build                      # pm2 runs the compiled dist/, it does not build
//   pm2 start deploy/ecosystem.config.cjs
//   pm2 save && pm2 startup                      # start again at boot
//   pm2 logs xmdd                                # one line "started in … ms", one "stopped in … ms"
//
// Configuration comes from .env in the repository directory (the bot reads it itself).
const path = require('node:path');

module.exports = {
  apps: [
    {
      name: 'xmdd',
      cwd: path.resolve(__dirname, '..'),
      script: 'dist/src/main.js',
      node_args: '--enable-source-maps',
      exec_mode: 'fork',
      instances: 1,
      env: { NODE_ENV: 'production' },
      // pm2 stops with SIGINT, then SIGKILL after kill_timeout: the bot drains for at most 10 s.
      kill_timeout: 30_000,
      // The signal goes to node alone; node stops an embedded mongod itself after the store is closed.
      treekill: false,
      // Restart on a crash, with a pause, but not in a tight loop when the configuration is wrong.
      autorestart: true,
      restart_delay: 5_000,
      max_restarts: 10,
      min_uptime: 10_000,
      // Logs are JSON lines on stderr; pm2 adds no prefix so they stay parseable.
      time: false,
      merge_logs: true,
    },
  ],
};
