/** The dashboard's stylesheet: system fonts only, light and dark, one column on phones. */
export const DASHBOARD_CSS = String.raw`
:root {
  --bg: #f6f7f9; --fg: #1b1f24; --muted: #5d6672; --card: #fff; --line: #dde1e6;
  --accent: #2a5bd7; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --run: #2a5bd7; --queue: #6e7781;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1216; --fg: #e6e9ee; --muted: #9aa4b1; --card: #171b21; --line: #2b313a;
    --accent: #6d9bff; --ok: #3fb950; --warn: #d29922; --bad: #f85149; --run: #6d9bff; --queue: #8b949e; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.86em; }
a { color: var(--accent); }
[hidden] { display: none !important; }
.top { display: flex; align-items: center; gap: 12px; padding: 12px 20px; border-bottom: 1px solid var(--line); background: var(--card); }
.top h1 { font-size: 18px; margin: 0 auto 0 0; letter-spacing: 0.02em; }
.pill { font-size: 12px; padding: 2px 10px; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); }
.pill[data-state="live"] { color: var(--ok); border-color: var(--ok); }
.pill[data-state="connecting"] { color: var(--warn); border-color: var(--warn); }
button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.quiet, button.small { background: transparent; color: var(--accent); }
button.small { padding: 2px 10px; font-size: 13px; }
button:disabled { opacity: 0.5; cursor: default; }
input { font: inherit; padding: 6px 10px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); min-width: 0; flex: 1; }
.card, .panel { background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
.login { max-width: 520px; margin: 48px auto; padding: 20px 24px; }
.login label { font-weight: 600; }
.row { display: flex; gap: 8px; }
.hint, .empty, .count, .meta { color: var(--muted); font-size: 13px; }
.error { color: var(--bad); }
.notice { margin: 8px 20px 0; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; padding: 16px 20px; align-items: start; }
.col { display: grid; gap: 16px; min-width: 0; }
.panel { padding: 12px 16px; min-width: 0; }
.panel h2 { font-size: 15px; margin: 0 0 8px; }
.item { border-top: 1px solid var(--line); padding: 10px 0; overflow-wrap: anywhere; }
.item:first-child { border-top: 0; }
.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 10px; }
.name { font-weight: 600; }
.badge { font-size: 12px; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.s-complete, .s-succeeded, .s-done, .s-enabled { color: var(--ok); }
.s-complete_with_warnings, .s-pending, .s-expired { color: var(--warn); }
.s-failed, .s-dead, .s-error, .s-disabled { color: var(--bad); }
.s-running, .s-active { color: var(--run); }
.s-queued, .s-other { color: var(--queue); }
progress { width: 100%; height: 8px; margin: 6px 0 2px; accent-color: var(--accent); }
.warnings { margin: 6px 0 0; padding-left: 18px; }
.warnings li { margin: 4px 0; }
details > summary { cursor: pointer; color: var(--muted); font-size: 13px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bg); padding: 8px; border-radius: 6px; max-height: 320px; overflow: auto; }
.fix { border-left: 3px solid var(--warn); padding: 4px 8px; margin: 4px 0; background: var(--bg); }
#events { list-style: none; margin: 0; padding: 0; }
#events .item.fresh { animation: flash 1.2s ease-out; }
@keyframes flash { from { background: color-mix(in srgb, var(--accent) 18%, transparent); } to { background: transparent; } }
.deliveries { list-style: none; margin: 6px 0 0; padding: 0; }
.deliveries li { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; padding: 3px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 6px; align-items: baseline; }
#health { list-style: none; margin: 0; padding: 0; max-height: 240px; overflow: auto; }
.health-event { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; padding: 4px 0; }
.settings-form { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 8px; margin-top: 6px; }
.settings-form .field { display: grid; gap: 2px; }
.settings-form .field:first-child, .settings-form .actions { grid-column: 1 / -1; }
textarea { font: inherit; padding: 6px 10px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); width: 100%; }
.foot { text-align: center; color: var(--muted); font-size: 12px; padding: 12px; }
@media (max-width: 900px) {
  main { grid-template-columns: minmax(0, 1fr); padding: 10px; gap: 10px; }
  .top { padding: 10px 12px; }
  .login { margin: 16px 10px; padding: 16px; }
  .row { flex-direction: column; }
}
`;
