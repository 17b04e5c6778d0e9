#!/usr/bin/env python3
"""Makes wwwroot-assets/fonts/certificate/CertificateKai-Common.ttf from the shipped LXGW WenKai.

PDFsharp keeps a font's glyph numbering when it embeds a subset, so every certificate carries tables sized by the whole
font (LXGW WenKai has 29,000 glyphs: ~38 KB and most of the rendering time per certificate). This subset has the 6,763
hanzi and the symbols of GB 2312, rare characters common in personal names, and Latin, so nearly every certificate
embeds only it; a character outside it is set in the full font. The SIL OFL forbids a modified font to keep its
Reserved Font Names ("LXGW", "霞鹜"), so the subset is renamed "Certificate Kai Common".

Run with Debian's python3-fonttools: /usr/bin/python3 infra/scripts/certificate-kai-subset.py
"""
import os
from fontTools import subset
from fontTools.ttLib import TTFont

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "wwwroot-assets", "fonts", "certificate")
source = os.path.join(here, "LXGWWenKai-Regular.ttf")
target = os.path.join(here, "CertificateKai-Common.ttf")

# GB 2312: symbols (rows 1-9) and hanzi (rows 16-87).
chars = set()
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError:
            pass

# Characters outside GB 2312 that parents often give (and the issue names: 喆 堃 燊 昇).
chars.update(
    "喆堃燊昇珺玥琰瑄璟婧晞赟犇骉垚淏昀旻暻熠焓琤琮瑀瑒瑢珅珈珩珣琇琬瑭瑗璠璨瓒祎禛禕芃彧怿崧峣柘桉槿樾湉沄洺浛浠"
    "澍濛炅炘焜煊燚玹珞珮甯禹綦翀翊聿芊苒荃莜菡蕤蘅诩谞贇铖锘镕闿霁霈韡韫颀飏鹍麟黛昊昱晗晟晔暄曦朠杺栎栩桦梵"
    "楷橦檬歆沐沛泠洢淳渼溪滟漪澄瀛灿炫烁烽焕煦熹燕爔珂珑珥琅琎琚琦琪琳琼瑛瑞瑶璇璐璘璿瓅皙睎睿砚祉祐祺禾秾竑"
    "筱箐籽紫缇羲翡耀胥舜艺芸苡茉茵荟莹萌萱葳蓁蔓蕙蕾薇藜赜跹轶辰迪逍遥邦郁钊钧铭锐锦镇闵阅靖韵颢馥骁鸿鹤鹿"
    "龑䶮𠮷堉塬墉妤姮娆娉娴婵媞嫚嫱岑岫嵩巍弋彤忱恒恬悠惟愉慈憬戬旭昶晁晋晏晖晨暾曜朔杭杼枫柠栋梧棠棣楚榆"
    "樱檀歌毓沁泽洁洋浩涛淑清渊湘滨漫潼澜濡瀚灵炜烨焱煜熙燃牧犀玖玲珍珠琛琨瑜瑾璋璞瑷璎瑃臻翌钰锟靓韬飒霆"
)
# Latin (names with diacritics), punctuation, the middle dot of Mongolian and other transliterated names.
for lo, hi in [(0x20, 0x24F), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
    chars.update(chr(c) for c in range(lo, hi + 1))

font = TTFont(source)
cmap = font.getBestCmap()
unicodes = sorted(ord(c) for c in chars if ord(c) in cmap)
options = subset.Options()
options.layout_features = []
options.hinting = False
options.name_IDs = ["*"]
options.notdef_outline = True
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=unicodes)
subsetter.subset(font)

names = font["name"]
for record in list(names.names):
    if record.nameID in (1, 16):
        record.string = "Certificate Kai Common"
    elif record.nameID in (4, 18):
        record.string = "Certificate Kai Common Regular"
    elif record.nameID == 6:
        record.string = "CertificateKaiCommon-Regular"
    elif record.nameID == 3:
        record.string = "Certificate Kai Common Regular (subset of LXGW WenKai 1.250)"
    elif record.nameID == 17:
        record.string = "Regular"
font.save(target)
print(f"{target}: {len(unicodes)} characters, {len(font.getGlyphOrder())} glyphs, {os.path.getsize(target):,} bytes")
