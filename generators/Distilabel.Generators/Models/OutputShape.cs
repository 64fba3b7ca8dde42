namespace Distilabel.Generators.Models
{
    /// <summary>How many values an output holds.</summary>
    internal enum OutputShape
    {
        /// <summary>One value.</summary>
        Single,

        /// <summary>One value per item of a list input (<see cref="OutputModel.ItemsOf"/>).</summary>
        PerItem,

        /// <summary>Any number of text items.</summary>
        List,
    }
}
