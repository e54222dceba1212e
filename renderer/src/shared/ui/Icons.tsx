import type { SVGProps } from 'react';

/** Small line icons drawn on a 16px grid; they take the text colour. */
type IconProps = SVGProps<SVGSVGElement>;

function Icon({ children, ...props }: IconProps) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export function LogoMark(props: IconProps) {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false" {...props}>
      <rect width="28" height="28" rx="7" className="logo-mark-bg" />
      <path
        d="M8 9.5c0-1.1 2.7-2 6-2s6 .9 6 2-2.7 2-6 2-6-.9-6-2Zm0 0v9c0 1.1 2.7 2 6 2s6-.9 6-2v-9M8 14c0 1.1 2.7 2 6 2s6-.9 6-2"
        fill="none"
        className="logo-mark-fg"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function FolderIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path
        d="M1.75 4.25c0-.69.56-1.25 1.25-1.25h3l1.5 1.5H13c.69 0 1.25.56 1.25 1.25v6.5c0 .69-.56 1.25-1.25 1.25H3c-.69 0-1.25-.56-1.25-1.25v-8Z"
        className="icon-folder-fill"
      />
    </Icon>
  );
}

export function FileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 1.75h5l3.25 3.25v8c0 .69-.56 1.25-1.25 1.25H4c-.69 0-1.25-.56-1.25-1.25V3c0-.69.56-1.25 1.25-1.25Z" />
      <path d="M8.75 1.75V5.25h3.5" />
    </Icon>
  );
}

export function ImageFileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
      <circle cx="5.75" cy="6" r="1.1" />
      <path d="m2.5 12 3.5-3.5 2.5 2.5 2-2 3 3" />
    </Icon>
  );
}

export function ArchiveFileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 1.75h8c.69 0 1.25.56 1.25 1.25v10c0 .69-.56 1.25-1.25 1.25H4c-.69 0-1.25-.56-1.25-1.25V3c0-.69.56-1.25 1.25-1.25Z" />
      <path d="M7.25 1.75v1.5h1.5v1.5h-1.5v1.5h1.5v1.5h-1.5" />
      <rect x="6.75" y="9" width="2.5" height="2.5" rx=".5" />
    </Icon>
  );
}

export function CodeFileIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M4 1.75h5l3.25 3.25v8c0 .69-.56 1.25-1.25 1.25H4c-.69 0-1.25-.56-1.25-1.25V3c0-.69.56-1.25 1.25-1.25Z" />
      <path d="m6.5 8.25-1.5 1.5 1.5 1.5M9.5 8.25l1.5 1.5-1.5 1.5" />
    </Icon>
  );
}

export function BucketIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <ellipse cx="8" cy="3.75" rx="5.5" ry="1.75" />
      <path d="M2.5 3.75 3.9 12.6c.1.9 1.9 1.65 4.1 1.65s4-.75 4.1-1.65l1.4-8.85" />
    </Icon>
  );
}

export function HomeIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2 7.5 8 2.5l6 5" />
      <path d="M3.75 6.25v6.5c0 .41.34.75.75.75h2.25V10.25h2.5v3.25h2.25c.41 0 .75-.34.75-.75v-6.5" />
    </Icon>
  );
}

export function ChevronRightIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m6 3.5 4.5 4.5L6 12.5" />
    </Icon>
  );
}

export function ArrowUpIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 13V3M3.5 7.5 8 3l4.5 4.5" />
    </Icon>
  );
}

export function RefreshIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M13.25 8a5.25 5.25 0 1 1-1.54-3.71M13.25 2.5v2.75H10.5" />
    </Icon>
  );
}

export function EyeIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M1.5 8S3.9 3.5 8 3.5 14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8Z" />
      <circle cx="8" cy="8" r="2" />
    </Icon>
  );
}

export function EyeOffIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M6.6 3.65A6.3 6.3 0 0 1 8 3.5C12.1 3.5 14.5 8 14.5 8a11 11 0 0 1-1.9 2.45M9.4 9.4a2 2 0 0 1-2.8-2.8M4.1 4.6C2.5 5.75 1.5 8 1.5 8S3.9 12.5 8 12.5c1.35 0 2.55-.5 3.55-1.15M2 2l12 12" />
    </Icon>
  );
}

export function WarningIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M7.13 2.5a1 1 0 0 1 1.74 0l5.5 9.75a1 1 0 0 1-.87 1.5H2.5a1 1 0 0 1-.87-1.5l5.5-9.75Z" />
      <path d="M8 6.25v3M8 11.5v.01" />
    </Icon>
  );
}

export function InfoIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 7.25V11M8 5v.01" />
    </Icon>
  );
}

export function LockIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d="M5.25 7V5a2.75 2.75 0 0 1 5.5 0v2" />
    </Icon>
  );
}

export function SignOutIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M6 2.5H3.75c-.69 0-1.25.56-1.25 1.25v8.5c0 .69.56 1.25 1.25 1.25H6M10.5 11l3-3-3-3M13.5 8H6" />
    </Icon>
  );
}

export function EmptyFolderIcon(props: IconProps) {
  return (
    <svg width="48" height="48" viewBox="0 0 48 48" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true" focusable="false" {...props}>
      <path
        d="M6 14a3 3 0 0 1 3-3h9l4 4h17a3 3 0 0 1 3 3v17a3 3 0 0 1-3 3H9a3 3 0 0 1-3-3V14Z"
        strokeLinejoin="round"
        strokeDasharray="3 3"
      />
    </svg>
  );
}

export function ChevronDownIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m4 6 4 4 4-4" />
    </Icon>
  );
}

export function PlusIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 3v10M3 8h10" />
    </Icon>
  );
}

export function CloseIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m4 4 8 8M12 4l-8 8" />
    </Icon>
  );
}

export function ArrowRightIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3 8h10M8.5 3.5 13 8l-4.5 4.5" />
    </Icon>
  );
}

export function ArrowLeftIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M13 8H3M7.5 3.5 3 8l4.5 4.5" />
    </Icon>
  );
}

export function ArrowDownIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 3v10M3.5 8.5 8 13l4.5-4.5" />
    </Icon>
  );
}

export function DownloadIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 2.25v8M4.75 7 8 10.25 11.25 7M2.75 12.5v.75c0 .41.34.75.75.75h9c.41 0 .75-.34.75-.75v-.75" />
    </Icon>
  );
}

export function UploadIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 10.25v-8M4.75 5.5 8 2.25l3.25 3.25M2.75 12.5v.75c0 .41.34.75.75.75h9c.41 0 .75-.34.75-.75v-.75" />
    </Icon>
  );
}

export function FolderUploadIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M1.75 4.25c0-.69.56-1.25 1.25-1.25h3l1.5 1.5H13c.69 0 1.25.56 1.25 1.25v6.5c0 .69-.56 1.25-1.25 1.25H3c-.69 0-1.25-.56-1.25-1.25v-8Z" />
      <path d="M8 11.25v-4.5M6 8.5l2-2 2 2" />
    </Icon>
  );
}

export function FolderPlusIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M1.75 4.25c0-.69.56-1.25 1.25-1.25h3l1.5 1.5H13c.69 0 1.25.56 1.25 1.25v6.5c0 .69-.56 1.25-1.25 1.25H3c-.69 0-1.25-.56-1.25-1.25v-8Z" />
      <path d="M8 6.75v4M6 8.75h4" />
    </Icon>
  );
}

export function TrashIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M2.75 4.25h10.5M6.25 4.25V2.75h3.5v1.5M4 4.25l.6 8.6c.05.65.6 1.15 1.25 1.15h4.3c.65 0 1.2-.5 1.25-1.15l.6-8.6M6.75 7v4.25M9.25 7v4.25" />
    </Icon>
  );
}

export function SearchIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="7" cy="7" r="4.25" />
      <path d="m10.25 10.25 3.5 3.5" />
    </Icon>
  );
}

export function CopyIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="5.25" y="5.25" width="8.5" height="8.5" rx="1.25" />
      <path d="M10.75 5.25V3.5c0-.69-.56-1.25-1.25-1.25H3.5c-.69 0-1.25.56-1.25 1.25v6c0 .69.56 1.25 1.25 1.25h1.75" />
    </Icon>
  );
}

export function CheckIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="m3 8.5 3.25 3.25L13 5" />
    </Icon>
  );
}

export function ArchiveIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="1.75" y="2.5" width="12.5" height="3.25" rx=".75" />
      <path d="M2.75 5.75v6.75c0 .69.56 1.25 1.25 1.25h8c.69 0 1.25-.56 1.25-1.25V5.75M6.5 8.5h3" />
    </Icon>
  );
}

export function PanelRightIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <rect x="1.75" y="2.5" width="12.5" height="11" rx="1.5" />
      <path d="M10 2.5v11" />
    </Icon>
  );
}

export function SortIcon({ direction, ...props }: IconProps & { direction: 'asc' | 'desc' }) {
  return (
    <Icon {...props}>
      {direction === 'asc' ? <path d="m4.5 9.5 3.5-3.5 3.5 3.5" /> : <path d="m4.5 6.5 3.5 3.5 3.5-3.5" />}
    </Icon>
  );
}

/** A file leaving its window, for "Drag out…". */
export function DragOutIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M9.25 2.25H3.5c-.69 0-1.25.56-1.25 1.25v9c0 .69.56 1.25 1.25 1.25h9c.69 0 1.25-.56 1.25-1.25V6.75" />
      <path d="M7.5 8.5 13.75 2.25M10 2.25h3.75V6" />
    </Icon>
  );
}
