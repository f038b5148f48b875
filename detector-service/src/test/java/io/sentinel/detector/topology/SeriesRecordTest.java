package io.sentinel.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hot record's journal, appended sample by sample, is the wire format entry by entry. */
class SeriesRecordTest {

  @Test
  void theAppendedJournalIsWrittenExactlyAsEncodingItEntryByEntry() throws IOException {
    SeriesRecord r = record();
    Random random = new Random(3);
    long ts = 1_700_000_000_000L;
    for (int i = 0; i < 120; i++) {
      // a steady cadence, jitter, a long gap, and a sample older than the one before
      ts +=
          switch (i % 7) {
            case 3 -> -4_000;
            case 5 -> 86_400_000L * 3;
            default -> 10_000 + random.nextInt(50);
          };
      r.journal(ts, random.nextGaussian() * (i % 11 == 0 ? 1e12 : 1));
      if (i == 50) {
        r.snapshotTaken(1_000);
      }
      byte[] written = r.encode();
      assertThat(written).as("after sample %d", i).isEqualTo(entryByEntry(r));
      SeriesRecord read = SeriesRecord.decode(written);
      assertThat(read.encode()).as("read back after sample %d", i).isEqualTo(written);
      assertThat(read.journalLength).isEqualTo(r.journalLength);
    }
  }

  @Test
  void aRecordReadBackKeepsAppendingWhereItLeftOff() {
    SeriesRecord r = record();
    r.journal(1_000, 1.0);
    r.journal(2_000, 2.0);
    SeriesRecord read = SeriesRecord.decode(r.encode());
    r.journal(3_000, 3.0);
    read.journal(3_000, 3.0);
    assertThat(read.encode()).isEqualTo(r.encode());
  }

  private static SeriesRecord record() {
    SeriesRecord r = new SeriesRecord();
    r.monitor = "web-1";
    r.metric = "cpu";
    r.labels = Map.of("env", "prod");
    r.lastTs = 5;
    r.lastInput = 6;
    r.openAnomalyId = "a-1";
    r.normalStreak = 2;
    r.minute = 28_000_000;
    r.count = 3;
    return r;
  }

  /** The format as version 2 defines it, each journal entry encoded in turn. */
  private static byte[] entryByEntry(SeriesRecord r) throws IOException {
    try (StateBytes.Writer out = new StateBytes.Writer(256)) {
      DataOutputStream o = out.data();
      o.writeByte(2);
      o.writeUTF(r.monitor);
      o.writeUTF(r.metric);
      out.writeVarLong(r.labels.size());
      for (Map.Entry<String, String> e : r.labels.entrySet()) {
        o.writeUTF(e.getKey());
        o.writeUTF(e.getValue());
      }
      o.writeLong(r.lastTs);
      o.writeLong(r.lastInput);
      out.writeVarLong(r.base);
      out.writeVarLong(r.journalLength);
      long previous = 0;
      for (int i = 0; i < r.journalLength; i++) {
        out.writeZigZag(i == 0 ? r.journalTs[0] : r.journalTs[i] - previous);
        o.writeDouble(r.journalValues[i]);
        previous = r.journalTs[i];
      }
      o.writeBoolean(r.openAnomalyId != null);
      if (r.openAnomalyId != null) {
        o.writeUTF(r.openAnomalyId);
      }
      out.writeVarLong(r.normalStreak);
      o.writeLong(r.minute);
      out.writeVarLong(r.count);
      o.writeDouble(r.min);
      o.writeDouble(r.max);
      o.writeDouble(r.sum);
      o.writeDouble(r.last);
      o.writeLong(r.lastSampleTs);
      o.writeDouble(r.maxScore);
      o.writeDouble(r.bandLow);
      o.writeDouble(r.bandHigh);
      o.writeLong(r.lastRollupEmitWall);
      o.writeBoolean(r.rollupDirty);
      return out.toByteArray();
    }
  }
}
