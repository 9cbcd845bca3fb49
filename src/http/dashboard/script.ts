/** The dashboard script, served as /dashboard.js: its parts in one strict-mode function scope. */
import { SCRIPT_BASE } from './script-base';
import { SCRIPT_DELIVERIES } from './script-deliveries';
import { SCRIPT_FEED } from './script-feed';
import { SCRIPT_PANELS } from './script-panels';
import { SCRIPT_SESSION } from './script-session';
import { SCRIPT_SETTINGS } from './script-settings';
import { SCRIPT_WARPWEB } from './script-warpweb';

export const DASHBOARD_JS = `(() => {\n'use strict';\n${[SCRIPT_BASE, SCRIPT_FEED, SCRIPT_PANELS, SCRIPT_DELIVERIES, SCRIPT_SETTINGS, SCRIPT_WARPWEB, SCRIPT_SESSION].join('\n')}\n})();\n`;
