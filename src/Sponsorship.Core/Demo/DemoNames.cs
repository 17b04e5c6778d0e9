namespace Sponsorship.Core.Demo;

/// <summary>Names for the demo programme in Taibus Banner: real village names, Mongolian and Han household heads.</summary>
internal static class DemoNames
{
    /// <summary>The pastures a herder's move names; the demo's flocks go to the first in June and to the second in autumn.</summary>
    public static readonly (string Name, string Latin)[] Pastures =
    [
        ("夏季草场", "Summer pasture"), ("秋季草场", "Autumn pasture"), ("冬春草场", "Winter and spring pasture"), ("河边打草场", "Riverside hay meadow"),
    ];

    public static readonly (string Name, string Latin)[] Villages =
    [
        ("边墙村", "Bianqiang"), ("红旗村", "Hongqi"), ("西山坡", "Xishanpo"), ("大圪洞", "Dagedong"),
        ("上皮坊", "Shangpifang"), ("五福村", "Wufu"), ("永丰村", "Yongfeng"), ("骆驼山", "Luotuoshan"),
        ("千斤沟", "Qianjingou"), ("贡宝拉格", "Gongbaolage"),
    ];

    public static readonly (string Name, string Latin)[] MongolianHeads =
    [
        ("巴特尔", "Bater"), ("其木格", "Chimeg"), ("乌云", "Uyun"), ("苏和", "Sükh"), ("额尔敦", "Erdene"),
        ("哈斯", "Khas"), ("那日苏", "Narsu"), ("斯琴", "Sechen"), ("图雅", "Tuya"), ("宝音", "Buyan"),
        ("阿拉坦", "Altan"), ("朝鲁", "Chuluu"), ("孟和", "Möngke"), ("萨仁", "Saran"), ("吉日格勒", "Jirgal"),
        ("格日勒", "Gerel"), ("乌力吉", "Ölzii"), ("满都拉", "Mandal"), ("特古斯", "Tegüs"), ("布和", "Bökh"),
        ("达来", "Dalai"), ("德力格尔", "Delger"), ("敖敦", "Odon"), ("呼和", "Khökh"), ("娜仁", "Naran"),
        ("塔娜", "Tana"), ("阿古拉", "Agula"), ("巴雅尔", "Bayar"), ("宝力道", "Bolod"), ("查干", "Tsagaan"),
        ("额日和", "Erkh"), ("高娃", "Goowa"), ("吉雅", "Jiya"), ("朝克图", "Chogtu"), ("赛音", "Sain"),
        ("乌兰", "Ulaan"), ("图门", "Tümen"), ("旭日", "Shüder"), ("斯日古楞", "Sergelen"), ("毕力格", "Bilig"),
    ];

    public static readonly (string Name, string Latin)[] HanSurnames =
    [
        ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("赵", "Zhao"),
        ("高", "Gao"), ("杨", "Yang"), ("郭", "Guo"), ("白", "Bai"), ("韩", "Han"),
    ];

    public static readonly (string Name, string Latin)[] HanGivenNames =
    [
        ("建国", "Jianguo"), ("秀英", "Xiuying"), ("海林", "Hailin"), ("玉兰", "Yulan"), ("志强", "Zhiqiang"), ("桂芳", "Guifang"),
    ];

    /// <summary>Sheep names with their pinyin, or for Mongolian names the usual Latin spelling.</summary>
    public static readonly (string Name, string Latin)[] Sheep =
    [
        ("云朵", "Yunduo"), ("雪球", "Xueqiu"), ("小白", "Xiaobai"), ("豆豆", "Doudou"), ("花花", "Huahua"), ("团团", "Tuantuan"),
        ("乐乐", "Lele"), ("福宝", "Fubao"), ("格格", "Gege"), ("朵朵", "Duoduo"), ("阿宝", "Abao"), ("星星", "Xingxing"),
        ("月亮", "Yueliang"), ("草草", "Caocao"), ("毛毛", "Maomao"), ("棉花", "Mianhua"), ("奶糖", "Naitang"), ("馒头", "Mantou"),
        ("咩咩", "Miemie"), ("胖胖", "Pangpang"), ("吉祥", "Jixiang"), ("如意", "Ruyi"), ("平安", "Ping'an"), ("欢欢", "Huanhuan"),
        ("贝贝", "Beibei"), ("晶晶", "Jingjing"), ("乌日娜", "Urna"), ("其其格", "Chichig"), ("萨日朗", "Sarana"), ("琪琪", "Qiqi"),
        ("阿拉腾", "Altan"), ("苏布道", "Subud"), ("哈达", "Khadag"), ("巴图", "Batu"), ("斯琴", "Sechen"), ("诺敏", "Nomin"),
        ("额吉", "Eej"), ("那木", "Nam"),
    ];
}
