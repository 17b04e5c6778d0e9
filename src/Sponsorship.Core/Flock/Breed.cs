namespace Sponsorship.Core.Flock;

/// <summary>The local breeds of Xilingol raised in the programme.</summary>
public enum Breed
{
    /// <summary>察哈尔羊</summary>
    Chahar = 1,

    /// <summary>乌珠穆沁羊 — black head, white body, fat tail.</summary>
    Ujimqin = 2,

    /// <summary>苏尼特羊 — white face, long body.</summary>
    Sunit = 3,
}

public enum Sex
{
    Ewe = 1,
    Ram = 2,
}
