import com.ning.compress.lzf.LZFOutputStream;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jpountz.lz4.LZ4BlockOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyOutputStream;

/**
 * Writes a plain event log again through the Java libraries Spark 4.0 compresses event logs with,
 * opened exactly as Spark opens them, so Kindling's readers are checked against real output of
 * those libraries rather than against a re-implementation of their framing.
 *
 * <p>The streams are built as Spark 4.0's core/src/main/scala/org/apache/spark/io/CompressionCodec.scala
 * builds them (LZ4CompressionCodec, SnappyCompressionCodec, LZFCompressionCodec), and written as
 * EventLogFileWriter writes a log: a BufferedOutputStream of spark.eventLog.buffer.kb (100k) over
 * the codec's stream, a PrintWriter that prints each event and flushes after it.
 *
 * <p>Usage: java SparkCodecLogs PLAIN_LOG OUT_PREFIX — writes OUT_PREFIX.lz4, .snappy, .lzf, and
 * OUT_PREFIX.lz4.inprogress (the same lz4 log left unclosed half-way, as a running application's).
 */
public final class SparkCodecLogs {
  private static final int BLOCK_SIZE = 32 * 1024; // spark.io.compression.{lz4,snappy}.blockSize
  private static final int DEFAULT_SEED = 0x9747b28c; // LZ4BlockOutputStream.DEFAULT_SEED
  private static final int OUTPUT_BUFFER_SIZE = 100 * 1024; // spark.eventLog.buffer.kb

  interface Codec {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  public static void main(String[] args) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    String prefix = args[1];
    Codec lz4 =
        out ->
            new LZ4BlockOutputStream(
                out,
                BLOCK_SIZE,
                LZ4Factory.fastestInstance().fastCompressor(),
                XXHashFactory.fastestInstance().newStreamingHash32(DEFAULT_SEED).asChecksum(),
                false);
    Codec snappy = out -> new SnappyOutputStream(out, BLOCK_SIZE);
    Codec lzf = out -> new LZFOutputStream(out).setFinishBlockOnFlush(true);
    write(lines, lines.size(), prefix + ".lz4", lz4, true);
    write(lines, lines.size(), prefix + ".snappy", snappy, true);
    write(lines, lines.size(), prefix + ".lzf", lzf, true);
    write(lines, lines.size() / 2, prefix + ".lz4.inprogress", lz4, false);
  }

  private static void write(List<String> lines, int count, String path, Codec codec, boolean close)
      throws IOException {
    FileOutputStream file = new FileOutputStream(path);
    PrintWriter writer =
        new PrintWriter(
            new OutputStreamWriter(
                new BufferedOutputStream(codec.wrap(file), OUTPUT_BUFFER_SIZE),
                StandardCharsets.UTF_8));
    for (String line : lines.subList(0, count)) {
      writer.println(line);
      writer.flush();
    }
    if (close) writer.close();
    else file.close(); // what a running application has written so far, its codec unfinished
  }
}
