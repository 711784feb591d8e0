// A real stack for the browser tests, as test/support/stack.c makes one for
// the HTTP tests: nginx, the sanitizer-built workers ($WALK_BIN, build/asan by
// default) and the fake WeChat on free loopback ports, with a fresh database
// under test-out/ (kept afterwards: test/run.sh searches its logs for
// sanitizer reports).  Also the participants' side of the API, so that the
// data the pages show went through the real routes.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = join(ROOT, 'test-out', 'browser');

function portFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function pickPorts() {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20000 + 2 * Math.floor(Math.random() * 20000);
    if (await portFree(port) && await portFree(port + 1)) return port;
  }
  throw new Error('no free port pair');
}

export class Stack {
  static async start(name) {
    const s = new Stack();
    s.port = await pickPorts();
    s.base = `http://127.0.0.1:${s.port}`;
    s.fake = `http://127.0.0.1:${s.port + 1}`;
    s.var = join(ROOT, 'test-out', `${name}-${s.port}`);
    s.bin = process.env.WALK_BIN || join(ROOT, 'build', 'asan');
    rmSync(s.var, { recursive: true, force: true });
    mkdirSync(s.var, { recursive: true });
    s.env = {
      ...process.env, PORT: String(s.port), WALK_VAR: s.var, WALK_BIN: s.bin, WALK_WORKERS: '3',
      // The pages log in many times from one address: nginx's admin login
      // limits (test/http/t_nginx.c tests them) are raised out of the way.
      ADMIN_LOGIN_RATE: '100r/s', ADMIN_LOGIN_RATE_ALL: '100r/s',
      WALK_CONF: join(s.var, 'walk.conf'), FAKEWX_DB: join(s.var, 'fakewx.db'),
    };
    delete s.env.WALK_DEMO;
    s.sh('bash', ['nginx/devstack.sh', 'start']);
    return s;
  }

  stop() {
    this.sh('bash', ['nginx/devstack.sh', 'stop']);
  }

  sh(cmd, args, input) {
    return execFileSync(cmd, args, { cwd: ROOT, env: this.env, input, encoding: 'utf8' });
  }

  walkctl(args, input) {
    return this.sh(join(this.bin, 'walkctl'), args, input);
  }

  sql(statements) {
    return this.sh('sqlite3', [join(this.var, 'walk.db')], statements);
  }

  clock(instant) {
    this.walkctl(['clock', 'set', instant]);
  }

  async json(method, url, body, headers = {}) {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(data)}`);
    return data;
  }

  // A participant: a fake WeChat user, logged in through /api/login and enrolled.
  async participant(enrollment) {
    const user = await this.json('POST', `${this.fake}/fake/users`, {});
    const { code } = await this.json('POST', `${this.fake}/fake/login`, { openid: user.openid });
    const { token, user_id: id } = await this.json('POST', `${this.base}/api/login`, { code });
    const p = { openid: user.openid, id, auth: { Authorization: `Bearer ${token}` } };
    await this.enroll(p, enrollment);
    return p;
  }

  // p's enrollment (a new one, or a change), with the consent: the privacy
  // notice in force, as the mini-program shows it.
  async enroll(p, enrollment) {
    const { version } = await this.json('GET', `${this.base}/api/activities/1/privacy`);
    return this.json('PUT', `${this.base}/api/activities/1/enrollment`,
      { department: '工会办公室', privacy_version: version, ...enrollment }, p.auth);
  }

  // Today's steps of p, synced through the real sync route with WeRun data
  // that the fake encrypts.
  async sync(p, day, step) {
    const data = await this.json('POST', `${this.fake}/fake/werun`, { openid: p.openid, steps: [{ day, step }] });
    return this.json('POST', `${this.base}/api/activities/1/steps/sync`, data, p.auth);
  }

  async team(leader, name, members) {
    await this.json('POST', `${this.base}/api/activities/1/teams`, { name }, leader.auth);
    for (const m of members) {
      const { invite } = await this.json('POST', `${this.base}/api/activities/1/teams/mine/invites`, undefined, leader.auth);
      await this.json('POST', `${this.base}/api/activities/1/teams/join`, { invite }, m.auth);
    }
  }
}

// Debian's headless Chromium in a profile of its own, at the admin pages'
// size, in Chinese; the page's console errors (other than the 4xx answers
// the pages show) and uncaught exceptions are pushed onto problems.  The
// caller closes the context and removes the profile.
export async function launchChromium(problems) {
  const profile = mkdtempSync(join(tmpdir(), 'walk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('console', (m) => { if (m.type() === 'error' && !/40[0-9]/.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, profile };
}
