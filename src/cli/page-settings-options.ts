import type { Command } from 'commander'
import { parseAmountList, parseColorSetting, parseOriginList, parseShortText } from '../domain/stores/page-settings.js'
import type { PageSettings } from '../domain/stores/page-settings.js'
import type { PageSettingsPatch } from '../services/page-settings-service.js'
import { CliError } from './cli-context.js'

/** The flags of `kassa store update` for the widget and donations. */
export interface PageSettingsFlags {
  widget?: string
  widgetOrigins?: string
  donations?: string
  donationText?: string
  donationAmounts?: string
  donationColor?: string
  donationThanks?: string
}

export function addPageSettingsOptions(cmd: Command): Command {
  return cmd
    .option('--widget <on|off>', 'let widget.js create payments from the allowed origins')
    .option('--widget-origins <list>', 'comma-separated origins allowed to use the widget, e.g. https://shop.example ("" for none)')
    .option('--donations <on|off>', 'accept donations (/donate/{api_key}, donate-widget.js, POST /donate/create)')
    .option('--donation-text <text>', 'donation button text ("" for the translated default)')
    .option('--donation-amounts <list>', 'preset donation amounts in USD, e.g. 5,10,25')
    .option('--donation-color <hex>', 'accent colour of the donation widget and page, e.g. #e11d48 ("" for the default)')
    .option('--donation-thanks <text>', 'text shown when a donation is paid ("" for the translated default)')
}

export function pageSettingsPatch(o: PageSettingsFlags): PageSettingsPatch {
  try {
    return {
      ...(o.widget !== undefined && { widgetEnabled: onOff(o.widget, '--widget') }),
      ...(o.widgetOrigins !== undefined && { widgetOrigins: parseOriginList(o.widgetOrigins) }),
      ...(o.donations !== undefined && { donationsEnabled: onOff(o.donations, '--donations') }),
      ...(o.donationText !== undefined && { donationText: parseShortText(o.donationText, 'donation text', 60) }),
      ...(o.donationAmounts !== undefined && { donationAmounts: parseAmountList(o.donationAmounts) }),
      ...(o.donationColor !== undefined && { donationColor: parseColorSetting(o.donationColor) }),
      ...(o.donationThanks !== undefined && { donationThanks: parseShortText(o.donationThanks, 'donation thanks text', 300) }),
    }
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err))
  }
}

function onOff(v: string, flag: string): boolean {
  if (v === 'on' || v === 'true' || v === '1') return true
  if (v === 'off' || v === 'false' || v === '0') return false
  throw new CliError(`${flag} must be on or off`)
}

export function pageSettingsJson(s: PageSettings) {
  return {
    widget_enabled: s.widgetEnabled,
    widget_origins: s.widgetOrigins,
    donations_enabled: s.donationsEnabled,
    donation_text: s.donationText,
    donation_amounts: s.donationAmounts,
    donation_color: s.donationColor,
    donation_thanks: s.donationThanks,
  }
}

export function describePageSettings(s: PageSettings): string {
  return [
    `widget:         ${s.widgetEnabled ? 'on' : 'off'}${s.widgetOrigins.length ? ` (${s.widgetOrigins.join(', ')})` : ' (no origins allowed)'}`,
    `donations:      ${s.donationsEnabled ? 'on' : 'off'}; amounts ${s.donationAmounts.join(', ')}${s.donationColor ? `; colour ${s.donationColor}` : ''}${s.donationText ? `; text "${s.donationText}"` : ''}`,
  ].join('\n')
}
