/**
 * When a run ends its panel must not take the person's attention (VS Code's UX guidelines): no focus,
 * no panel reopened once closed, and no panel pulled over the editor the person is looking at. Pure.
 */

/** Where an open panel stands, and which editor group has the person's attention. */
export interface PanelPlace {
  visible: boolean;
  /** The panel's editor group (1-based column), when known. */
  column?: number;
  /** The active editor group's column. */
  activeColumn?: number;
}

/**
 * Whether to bring an open panel forward (without focus) when its run ends: only when it is hidden
 * in another group than the active one, where showing it covers nothing the person is using.
 */
export function revealQuietly(place: PanelPlace): boolean {
  if (place.visible) return false;
  return place.column !== undefined && place.activeColumn !== undefined && place.column !== place.activeColumn;
}
