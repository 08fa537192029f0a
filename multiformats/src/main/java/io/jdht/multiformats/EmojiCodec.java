package io.jdht.multiformats;

import java.util.HashMap;
import java.util.Map;

/** base256emoji: each byte is one emoji code point from a fixed table of 256. */
final class EmojiCodec implements Multibase.Codec {
    // The table of the base256emoji multibase RFC, in byte order.
    private static final String TABLE =
            "🚀🪐☄🛰🌌🌑🌒🌓🌔🌕🌖🌗🌘🌍🌏🌎🐉☀💻🖥💾💿😂❤😍🤣😊🙏💕😭😘👍😅👏😁🔥🥰💔💖💙😢🤔😆🙄💪😉☺👌🤗💜😔😎😇🌹🤦🎉💞✌✨🤷😱😌🌸🙌😋💗💚😏💛🙂💓🤩😄😀🖤😃💯🙈👇🎶😒🤭❣😜💋👀😪😑💥🙋😞😩😡🤪👊🥳😥🤤👉💃😳✋😚😝😴🌟😬🙃🍀🌷😻😓⭐✅🥺🌈😈🤘💦✔😣🏃💐☹🎊💘😠☝😕🌺🎂🌻😐🖕💝🙊😹🗣💫💀👑🎵🤞😛🔴😤🌼😫⚽🤙☕🏆🤫👈😮🙆🍻🍃🐶💁😲🌿🧡🎁⚡🌞🎈❌✊👋😰🤨😶🤝🚶💰🍓💢🤟🙁🚨💨🤬✈🎀🍺🤓😙💟🌱😖👶🥴▶➡❓💎💸⬇😨🌚🦋😷🕺⚠🙅😟😵👎🤲🤠🤧📌🔵💅🧐🐾🍒😗🤑🌊🤯🐷☎💧😯💆👆🎤🙇🍑❄🌴💣🐸💌📍🥀🤢👅💡💩👐📸👻🤐🤮🎼🥵🚩🍎🍊👼💍📣🥂";
    private static final int[] BYTE_TO_CODE_POINT = TABLE.codePoints().toArray();
    private static final Map<Integer, Integer> CODE_POINT_TO_BYTE = new HashMap<>();

    static {
        if (BYTE_TO_CODE_POINT.length != 256) {
            throw new AssertionError("base256emoji table has " + BYTE_TO_CODE_POINT.length + " entries");
        }
        for (int i = 0; i < 256; i++) {
            CODE_POINT_TO_BYTE.put(BYTE_TO_CODE_POINT[i], i);
        }
    }

    @Override
    public String encode(byte[] data) {
        StringBuilder out = new StringBuilder(data.length * 2);
        for (byte b : data) {
            out.appendCodePoint(BYTE_TO_CODE_POINT[b & 0xFF]);
        }
        return out.toString();
    }

    @Override
    public byte[] decode(String text, String name) {
        int[] cps = text.codePoints().toArray();
        byte[] out = new byte[cps.length];
        for (int i = 0; i < cps.length; i++) {
            Integer b = CODE_POINT_TO_BYTE.get(cps[i]);
            if (b == null) {
                throw new InvalidMultiformatException(name + " text has a character outside its table at position " + i);
            }
            out[i] = (byte) b.intValue();
        }
        return out;
    }
}
