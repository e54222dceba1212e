// Shared with main, whose messages name sizes the same way.
export { formatBytes } from '../../../common/format-bytes';
