// Shared with main, whose messages name sizes the same way.
export { countOf, formatBytes } from '../../../../common/format-bytes';
