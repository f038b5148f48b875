package io.sentinel.ingest.protocol.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentinel.ingest.protocol.influx.LineProtocolParser.Field;
import io.sentinel.ingest.protocol.influx.LineProtocolParser.Line;
import io.sentinel.ingest.protocol.influx.LineProtocolParser.SyntaxException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineProtocolParserTest {

  @Test
  void parsesMeasurementTagsFieldsAndTimestamp() throws SyntaxException {
    Line line =
        LineProtocolParser.parse(
            "cpu,host=a,cpu=cpu0 idle=1.5,user=2i,on=T,up=3u,s=\"x y, z\" 1700000000000000000");
    assertThat(line.measurement()).isEqualTo("cpu");
    assertThat(line.tags()).containsExactly(Map.entry("host", "a"), Map.entry("cpu", "cpu0"));
    assertThat(line.fields())
        .containsExactly(
            new Field("idle", 1.5),
            new Field("user", 2.0),
            new Field("on", 1.0),
            new Field("up", 3.0),
            new Field("s", null));
    assertThat(line.timestamp()).isEqualTo(1700000000000000000L);
  }

  @Test
  void unescapesCommasSpacesAndEqualsSigns() throws SyntaxException {
    Line line = LineProtocolParser.parse("my\\ meas\\,ure,tag\\=key=va\\ l\\,ue fi\\ eld=1");
    assertThat(line.measurement()).isEqualTo("my meas,ure");
    assertThat(line.tags()).containsEntry("tag=key", "va l,ue");
    assertThat(line.fields()).containsExactly(new Field("fi eld", 1.0));
    assertThat(line.timestamp()).isNull();
  }

  @Test
  void stringFieldsMayHoldEscapedQuotesAndSeparators() throws SyntaxException {
    Line line = LineProtocolParser.parse("log,host=a msg=\"say \\\"hi\\\", x=1\",n=1 5");
    assertThat(line.fields()).containsExactly(new Field("msg", null), new Field("n", 1.0));
    assertThat(line.timestamp()).isEqualTo(5);
  }

  @Test
  void negativeAndExponentFloats() throws SyntaxException {
    assertThat(LineProtocolParser.parse("m v=-1.5e3").fields())
        .containsExactly(new Field("v", -1500.0));
    assertThat(LineProtocolParser.parse("m v=.5").fields()).containsExactly(new Field("v", 0.5));
    assertThat(LineProtocolParser.parse("m v=1e999").fields().get(0).value()).isInfinite();
  }

  @Test
  void errorsSayWhatAndWhichColumn() {
    List.of(
            new String[] {"cpu", "missing fields at column 4"},
            new String[] {"cpu,host=a", "missing fields at column 11"},
            new String[] {"cpu v=", "missing value of field 'v' at column 7"},
            new String[] {"cpu v=NaN", "invalid value 'NaN' of field 'v' at column 7"},
            new String[] {"cpu v=1 12abc", "timestamp '12abc' is not an integer at column 9"},
            new String[] {"cpu v=\"open", "unterminated string value of field 'v' at column 7"},
            new String[] {"cpu,host v=1", "missing '=' after tag key 'host' at column 9"},
            new String[] {"cpu,=a v=1", "missing tag key at column 5"},
            new String[] {"cpu v=1i2", "invalid value '1i2' of field 'v' at column 7"},
            new String[] {"cpu v=-1u", "invalid unsigned integer '-1u' of field 'v' at column 7"},
            new String[] {"cpu v=1 1 2", "unexpected text after the timestamp at column 11"},
            new String[] {",a=b v=1", "missing measurement at column 1"})
        .forEach(
            c ->
                assertThatThrownBy(() -> LineProtocolParser.parse(c[0]))
                    .as(c[0])
                    .isInstanceOf(SyntaxException.class)
                    .hasMessage(c[1]));
  }

  @Test
  void aLineBrokenAfterItsTagsStillTellsItsTagsAndOneBrokenInThemDoesNot() {
    assertThatThrownBy(() -> LineProtocolParser.parse("cpu,host=web-1 usage=abc"))
        .isInstanceOfSatisfying(
            SyntaxException.class,
            e -> assertThat(e.tags()).containsExactly(Map.entry("host", "web-1")));
    assertThatThrownBy(() -> LineProtocolParser.parse("cpu,host=web-1 usage=1 12x"))
        .isInstanceOfSatisfying(
            SyntaxException.class, e -> assertThat(e.tags()).containsEntry("host", "web-1"));
    assertThatThrownBy(() -> LineProtocolParser.parse("cpu,host= usage=1"))
        .isInstanceOfSatisfying(SyntaxException.class, e -> assertThat(e.tags()).isNull());
  }
}
