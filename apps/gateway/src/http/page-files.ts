import { PageFiles, type StaticAsset } from '@sinergi/runtime';

export { escapeHtml, type StaticAsset } from '@sinergi/runtime';

/** The gateway's pages: `static/` and `templates/` of apps/gateway (PageFiles explains why there). */
const PAGES = new PageFiles(new URL('../../', import.meta.url));

/** A file of the package (`static/viewer.html`, `templates/admin-dashboard.html`) as text. */
export const packageFile = (path: string): string => PAGES.file(path);

/** The named files of `static/`, read once; routes serve only these. */
export const staticAssets = (names: readonly string[]): ReadonlyMap<string, StaticAsset> => PAGES.assets(names);

/** A template of `templates/`, every value escaped. */
export const htmlTemplate = <View extends object>(path: string): ((view: View) => string) => PAGES.template<View>(path);
