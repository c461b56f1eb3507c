import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { panelBaseUrl } from '../../src/features/panel-link.ts';

describe('panel settings', () => {
  it('default to port 8080 on 127.0.0.1; 0 turns the panel off', () => {
    const c = loadConfig({});
    expect([c.PANEL_PORT, c.PANEL_HOST, c.PANEL_PUBLIC_URL]).toEqual([8080, '127.0.0.1', undefined]);
    expect(panelBaseUrl(c)).toBe('http://127.0.0.1:8080');
    expect(panelBaseUrl(loadConfig({ PANEL_PORT: '0' }))).toBeUndefined();
    expect(panelBaseUrl(loadConfig({ PANEL_HOST: '0.0.0.0', PANEL_PORT: '9000' }))).toBe('http://127.0.0.1:9000');
    expect(panelBaseUrl(loadConfig({ PANEL_PUBLIC_URL: 'https://panel.example.org/daftarin/' }))).toBe(
      'https://panel.example.org/daftarin',
    );
  });

  it('refuse a port out of range and a public URL that is not http(s)', () => {
    expect(() => loadConfig({ PANEL_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ PANEL_PORT: '70000' })).toThrow(/PANEL_PORT/);
    expect(() => loadConfig({ PANEL_PUBLIC_URL: 'ftp://panel.example.org' })).toThrow(/PANEL_PUBLIC_URL/);
  });
});
