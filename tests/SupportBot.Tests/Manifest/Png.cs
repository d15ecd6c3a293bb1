using System.Buffers.Binary;
using System.IO.Compression;

namespace SupportBot.Tests.Manifest;

/// <summary>A minimal PNG reader for the icon checks: header fields and 8-bit RGBA/RGB pixels (non-interlaced).</summary>
public sealed class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private Png(int width, int height, byte colorType, byte[][] rows)
    {
        Width = width;
        Height = height;
        ColorType = colorType;
        _rows = rows;
    }

    private readonly byte[][] _rows;

    public int Width { get; }
    public int Height { get; }
    /// <summary>2 = RGB, 6 = RGBA.</summary>
    public byte ColorType { get; }

    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        var row = _rows[y];
        return ColorType == 6
            ? (row[x * 4], row[x * 4 + 1], row[x * 4 + 2], row[x * 4 + 3])
            : (row[x * 3], row[x * 3 + 1], row[x * 3 + 2], (byte)255);
    }

    public IEnumerable<(byte R, byte G, byte B, byte A)> Pixels() =>
        Enumerable.Range(0, Height).SelectMany(y => Enumerable.Range(0, Width).Select(x => Pixel(x, y)));

    public static Png Read(byte[] file)
    {
        Assert.True(file.AsSpan(0, 8).SequenceEqual(Signature), "not a PNG file");
        int width = 0, height = 0;
        byte bitDepth = 0, colorType = 0, interlace = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
            var data = file.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                (bitDepth, colorType, interlace) = (data[8], data[9], data[12]);
            }
            else if (type == "IDAT") idat.Write(data);
            offset += 12 + length;
        }
        Assert.Equal(8, bitDepth);
        Assert.Contains(colorType, new byte[] { 2, 6 });
        Assert.Equal(0, interlace);

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var raw = inflated.ToArray();
        var bytesPerPixel = colorType == 6 ? 4 : 3;
        var stride = width * bytesPerPixel;
        var rows = new byte[height][];
        var previous = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var row = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            Unfilter(filter, row, previous, bytesPerPixel);
            rows[y] = previous = row;
        }
        return new Png(width, height, colorType, rows);
    }

    // PNG specification §9.2 filter types 0–4.
    private static void Unfilter(byte filter, byte[] row, byte[] previous, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            row[i] = (byte)(row[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"PNG filter {filter}"),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
