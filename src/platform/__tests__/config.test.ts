import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../config.js';

describe('configuration', () => {
  it('defaults to the embedded database in ./data with demo mode on', () => {
    const c = loadConfig({});
    assert.equal(c.database.kind, 'pglite');
    assert.equal(c.demoMode, true);
    assert.equal(c.port, 3000);
    assert.equal(c.host, '127.0.0.1');
    assert.ok(c.database.kind === 'pglite' && c.database.dataDir?.endsWith(path.join('data', 'pglite')));
  });

  it('DATABASE_URL switches to PostgreSQL and turns demo mode off', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db/hotline' });
    assert.equal(c.database.kind, 'postgres');
    assert.equal(c.demoMode, false);
  });

  it('fails fast, naming every bad variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        const text = err.problems.join('\n');
        for (const v of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) assert.match(text, new RegExp(v));
        return true;
      },
    );
  });

  it('the README lists every setting', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const name of CONFIG_VARIABLES) assert.ok(readme.includes(`\`${name}\``), `README lists ${name}`);
  });
});
