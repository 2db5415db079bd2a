export { installJsdomStandIns, type JsdomStandIns, type StandInWindow } from './jsdom';
export { CHROMIUM_ARGS, chromiumExecutable, launchChromium } from './launch-chromium';
export { installProviderStandIns, type StandInOptions } from './playwright';
export { sandboxScriptRewriter } from './rewriter';
export {
  type AppleStandInConfig,
  appleStandInScript,
  type FbStandInConfig,
  fbStandInScript,
  type GisStandInConfig,
  gisStandInScript,
  type StandInChoice,
} from './scripts';
