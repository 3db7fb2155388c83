// hls.js publishes its light build (no subtitles, alternate audio or DRM, which the player does not use)
// without types of its own: they are the full build's.
declare module 'hls.js/light' {
  import Hls from 'hls.js';
  export default Hls;
}
