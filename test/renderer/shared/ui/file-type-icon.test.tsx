// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKindOf, FileTypeIcon } from '../../../../renderer/src/shared/ui/FileTypeIcon';

afterEach(cleanup);

describe('file type icons', () => {
  it('tells images, archives and code from other files by the extension, in any letter case', () => {
    expect(fileKindOf('holiday.JPG')).toBe('image');
    expect(fileKindOf('logo.svg')).toBe('image');
    expect(fileKindOf('backup.tar.gz')).toBe('archive');
    expect(fileKindOf('main.ts')).toBe('code');
    expect(fileKindOf('report.pdf')).toBe('file');
  });

  it('treats a name without an extension, or that only starts with a dot, as a plain file', () => {
    expect(fileKindOf('README')).toBe('file');
    expect(fileKindOf('.zip')).toBe('file');
    expect(fileKindOf('trailing.')).toBe('file');
    expect(fileKindOf('')).toBe('file');
  });

  it('draws the icon of the new kind when the name changes kind, and keeps it when it does not', () => {
    const { container, rerender } = render(<FileTypeIcon name="a.png" className="icon" />);
    const image = container.innerHTML;
    const svg = container.querySelector('svg');
    expect(svg?.getAttribute('class')).toBe('icon');

    rerender(<FileTypeIcon name="b.jpeg" className="icon" />);
    expect(container.querySelector('svg')).toBe(svg);
    expect(container.innerHTML).toBe(image);

    rerender(<FileTypeIcon name="b.zip" className="icon" />);
    expect(container.innerHTML).not.toBe(image);
  });
});
