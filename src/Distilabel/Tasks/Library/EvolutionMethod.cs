namespace Distilabel.Tasks.Library;

/// <summary>How one round of <see cref="EvolInstruct"/> evolves an instruction (WizardLM's in-depth and in-breadth evolving).</summary>
public enum EvolutionMethod
{
    /// <summary>In breadth: a brand-new, rarer instruction in the same domain, of similar length.</summary>
    Breadth,

    /// <summary>In depth: one more constraint or requirement.</summary>
    Constraints,

    /// <summary>In depth: the inquiry goes deeper and wider.</summary>
    Deepen,

    /// <summary>In depth: general concepts become more specific ones.</summary>
    Concretizing,

    /// <summary>In depth: explicitly asks for reasoning in several steps.</summary>
    Reasoning,
}
