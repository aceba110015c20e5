import { SETTINGS } from './settings';

/** package.json `contributes.configuration`, generated from SETTINGS (see scripts/sync-settings.ts). */
export function configurationContribution() {
  return { title: 'Lambda Runtime Kit', properties: SETTINGS };
}
